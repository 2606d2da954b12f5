{#- The "aha moment" analysis: per organisation stage and candidate (each objective of
    the stage, each behaviour), the retention of organisations that did it within a
    fixed observation window after their first entry to the stage against those that
    did not. Bias guards (docs/decisions/402-pattern-discovery-bias-guards.md):
      * "did it" counts only completions up to entry + observation window, for
        everybody the same length of time;
      * organisations that churned inside the window are left out (they had less time
        to do things), counted in churned_during_window;
      * retention is measured after the window, over a fixed horizon, only for
        organisations whose window and horizon are both over at T.
    Ranked per stage by the lower end of the gap's 95 % interval: the gap we can be
    sure of, so a large gap on a handful of organisations ranks below a solid one. -#}
{%- set churned_at = trig.trig_retention_outcome() -%}
{%- set window_days = var('trig_retention_observation_days', 30) | int -%}
{%- set horizon_days = var('trig_retention_horizon_days', 90) -%}
{%- set objects = trig.trig_objects() -%}
{%- set stages = objects | selectattr('kind', 'equalto', 'stage') | selectattr('entity', 'equalto', 'organisation') | list -%}
{%- set behaviours = objects | selectattr('kind', 'equalto', 'behaviour') | list -%}
{%- set dbl = trig.trig_type_double() -%}
{%- set big = dbt.type_bigint() -%}
{%- set t = trig.trig_view_t() -%}

with candidates as (
    select
        cast(null as {{ dbt.type_string() }}) as stage_name,
        cast(null as {{ dbt.type_string() }}) as candidate_name,
        cast(null as {{ dbt.type_string() }}) as candidate_kind
    where 1 = 0
    {%- if churned_at %}
    {%- for stage in stages %}
    {%- for objective in stage.objectives %}
    union all select '{{ stage.name }}', '{{ objective }}', 'objective'
    {%- endfor %}
    {%- for behaviour in behaviours %}
    union all select '{{ stage.name }}', '{{ behaviour.name }}', 'behaviour'
    {%- endfor %}
    {%- endfor %}
    {%- endif %}
),

first_entries as (
    select
        object_name as stage_name,
        entity_id as organisation_id,
        entered_at,
        {{ dbt.dateadd('day', window_days, 'entered_at') }} as window_ends_at
    from {{ ref('trig_episodes') }}
    where object_kind = 'stage' and entity_type = 'organisation' and episode_number = 1
        and object_name in (select stage_name from candidates)
),

outcomes as (
    select
        f.*,
        {%- if churned_at %}
        cast(o.{{ churned_at }} as {{ dbt.type_timestamp() }}) as churned_at
        {%- else %}
        cast(null as {{ dbt.type_timestamp() }}) as churned_at
        {%- endif %}
    from first_entries as f
    inner join {{ ref('trig_organisation_attributes') }} as o on o.organisation_id = f.organisation_id
    where f.window_ends_at <= {{ t }}
),

{#- alive at the end of the window, and (with a horizon) the horizon is over -#}
population as (
    select
        outcomes.*,
        case when churned_at is null
            {%- if horizon_days is not none %}
            or churned_at > {{ dbt.dateadd('day', horizon_days | int, 'window_ends_at') }}
            {%- else %}
            or churned_at > {{ t }}
            {%- endif %}
            then 1 else 0 end as is_retained
    from outcomes
    where (churned_at is null or churned_at > window_ends_at)
    {%- if horizon_days is not none %}
        and {{ dbt.dateadd('day', horizon_days | int, 'window_ends_at') }} <= {{ t }}
    {%- endif %}
),

stage_totals as (
    select
        stage_name,
        count(*) as organisations,
        sum(is_retained) as retained
    from population
    group by stage_name
),

churned_in_window as (
    select stage_name, count(*) as churned_during_window
    from outcomes
    where churned_at <= window_ends_at
    group by stage_name
),

{#- objectives: within the stage's first episode; behaviours: by anyone of the
    organisation, any time up to the end of the window -#}
done as (
    select distinct p.stage_name, e.object_name as candidate_name, p.organisation_id, p.is_retained
    from population as p
    inner join {{ ref('trig_episodes') }} as e
        on e.entity_id = p.organisation_id and e.parent_object_name = p.stage_name
        and e.object_kind = 'objective' and e.episode_number = 1
    where e.completed_at <= p.window_ends_at
    union all
    select distinct p.stage_name, e.object_name as candidate_name, p.organisation_id, p.is_retained
    from population as p
    inner join {{ ref('trig_episodes') }} as e
        on e.organisation_id = p.organisation_id and e.object_kind = 'behaviour'
    where e.completed_at <= p.window_ends_at
),

doer_counts as (
    select stage_name, candidate_name, count(*) as doers, sum(is_retained) as retained_doers
    from done
    group by stage_name, candidate_name
),

counts as (
    select
        c.stage_name,
        c.candidate_name,
        c.candidate_kind,
        coalesce(s.organisations, 0) as organisations,
        coalesce(w.churned_during_window, 0) as churned_during_window,
        coalesce(d.doers, 0) as n_a,
        coalesce(d.retained_doers, 0) as x_a,
        coalesce(s.organisations, 0) - coalesce(d.doers, 0) as n_b,
        coalesce(s.retained, 0) - coalesce(d.retained_doers, 0) as x_b
    from candidates as c
    left join stage_totals as s on s.stage_name = c.stage_name
    left join churned_in_window as w on w.stage_name = c.stage_name
    left join doer_counts as d on d.stage_name = c.stage_name and d.candidate_name = c.candidate_name
),

compared as (
    {{ trig.trig_two_proportion_comparison('counts', ['stage_name', 'candidate_name', 'candidate_kind', 'organisations', 'churned_during_window']) }}
)

select
    stage_name,
    candidate_name,
    candidate_kind,
    cast(row_number() over (
        partition by stage_name
        order by coalesce(difference_ci_low, -2) desc, coalesce(difference, -2) desc, candidate_name
    ) as {{ big }}) as rank_in_stage,
    cast({{ window_days }} as {{ big }}) as observation_days,
    cast({{ 'null' if horizon_days is none else horizon_days | int }} as {{ big }}) as horizon_days,
    cast(organisations as {{ big }}) as organisations,
    cast(churned_during_window as {{ big }}) as churned_during_window,
    cast(n_a as {{ big }}) as doers,
    cast(x_a as {{ big }}) as retained_doers,
    cast(n_b as {{ big }}) as non_doers,
    cast(x_b as {{ big }}) as retained_non_doers,
    rate_a as doer_retention_rate,
    rate_b as non_doer_retention_rate,
    difference as retention_gap,
    difference_ci_low as retention_gap_ci_low,
    difference_ci_high as retention_gap_ci_high,
    p_value,
    coalesce(p_value < 0.05, false) as is_significant,
    least(n_a, n_b) < {{ var('trig_insight_meaningful_sample', 50) }} as is_below_meaningful_sample,
    least(n_a, n_b) < {{ var('trig_insight_significant_sample', 200) }} as is_below_significant_sample
from compared

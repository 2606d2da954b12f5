{#- Per job: did it change anything? Treated members (actions sent) against held-out
    members (same timeline, no actions; docs/decisions/401-holdout-assignment.md), over
    closed episodes (completed or exited: active ones have no outcome yet). Completion
    rate = completed / (completed + exited), as in trig_job_metrics. Lift and its
    statistics: docs/decisions/403-insight-statistics.md. -#}
{%- set org_columns = trig.trig_columns_of(ref('trig_organisation_attributes')) -%}
{%- set jobs = trig.trig_objects() | selectattr('kind', 'equalto', 'job') | list -%}
{%- set dbl = trig.trig_type_double() -%}
{%- set big = dbt.type_bigint() -%}

with assigned as (
    select
        a.job_name,
        a.arm,
        case when a.status = 'completed' then 1 else 0 end as is_completed,
        case when a.status = 'exited' then 1 else 0 end as is_exited,
        {% if 'arr' in org_columns %}o.arr{% else %}cast(null as {{ dbl }}){% endif %} as arr
    from {{ ref('trig_job_assignments') }} as a
    left join {{ ref('trig_organisation_attributes') }} as o on o.organisation_id = a.organisation_id
),

configured as (
    select
        cast(null as {{ dbt.type_string() }}) as job_name,
        cast(null as {{ trig.trig_type_double() }}) as holdout_share
    where 1 = 0
    {%- for job in jobs %}
    union all
    select '{{ job.name }}', {{ job.holdout_buckets / 10000.0 }}
    {%- endfor %}
),

counts as (
    select
        configured.job_name,
        max(configured.holdout_share) as holdout_share,
        sum(case when arm = 'treated' then 1 else 0 end) as treated_entered,
        sum(case when arm = 'treated' then is_completed + is_exited else 0 end) as n_a,
        sum(case when arm = 'treated' then is_completed else 0 end) as x_a,
        sum(case when arm = 'held_out' then 1 else 0 end) as held_out_entered,
        sum(case when arm = 'held_out' then is_completed + is_exited else 0 end) as n_b,
        sum(case when arm = 'held_out' then is_completed else 0 end) as x_b,
        sum(case when arm = 'reassigned' then 1 else 0 end) as episodes_reassigned,
        sum(case when arm = 'treated' and is_completed = 1 then arr else 0 end) as treated_completer_arr,
        sum(case when arm = 'held_out' and is_completed = 1 then arr else 0 end) as held_out_completer_arr
    from configured
    left join assigned on assigned.job_name = configured.job_name
    group by configured.job_name
),

compared as (
    {{ trig.trig_two_proportion_comparison('counts', ['job_name', 'holdout_share', 'treated_entered', 'held_out_entered', 'episodes_reassigned', 'treated_completer_arr', 'held_out_completer_arr']) }}
)

select
    job_name,
    cast(holdout_share as {{ dbl }}) as holdout_share,
    cast(treated_entered as {{ big }}) as treated_entered,
    cast(n_a as {{ big }}) as treated_closed,
    cast(x_a as {{ big }}) as treated_completed,
    rate_a as treated_completion_rate,
    cast(held_out_entered as {{ big }}) as held_out_entered,
    cast(n_b as {{ big }}) as held_out_closed,
    cast(x_b as {{ big }}) as held_out_completed,
    rate_b as held_out_completion_rate,
    difference as absolute_lift,
    difference_ci_low as absolute_lift_ci_low,
    difference_ci_high as absolute_lift_ci_high,
    ratio_minus_one as relative_lift,
    ratio_minus_one_ci_low as relative_lift_ci_low,
    ratio_minus_one_ci_high as relative_lift_ci_high,
    z_score,
    p_value,
    coalesce(p_value < 0.05, false) as is_significant,
    minimum_detectable_effect,
    least(n_a, n_b) < {{ var('trig_insight_meaningful_sample', 50) }} as is_below_meaningful_sample,
    least(n_a, n_b) < {{ var('trig_insight_significant_sample', 200) }} as is_below_significant_sample,
    cast(episodes_reassigned as {{ big }}) as episodes_reassigned,
    cast(treated_completer_arr as {{ dbl }}) as treated_completer_arr,
    cast(held_out_completer_arr as {{ dbl }}) as held_out_completer_arr
from compared

{#- A stage and its objectives. Objectives are entered with the stage (or when their
    own entry criteria become true while the stage is open), complete at most once
    per stage episode and no later than the stage's exit; the stage completes when
    every objective is complete (stamped with the last one), unless it has its own
    completion criteria; objectives still open when the stage ends exit with it. -#}
{% macro trig_stage_ctes(c, objectives, t) -%}
{%- set i = c.idx -%}
{%- set far = trig.trig_timestamp_literal('9999-12-31 00:00:00') -%}
{{ trig.trig_entry_ctes(c, t) }}
{{ trig.trig_episode_ctes(c, t, completion_sql=none if c.completion is not none else 'cast(null as ' ~ dbt.type_timestamp() ~ ')') | replace('o' ~ i ~ '_resolved as', 'o' ~ i ~ '_resolved0 as') }}
o{{ i }}_stage_window as (
    select r.*,
        nullif(least(
            case when deadline <= {{ t }} then deadline else {{ far }} end,
            case when exit_criteria_at <= {{ t }} then exit_criteria_at else {{ far }} end
        ), {{ far }}) as stage_cap,
        entered_at as stage_entered_at
    from o{{ i }}_resolved0 as r
),
{%- for k in objectives %}
{{ trig.trig_objective_ctes(k, c, t) }}
{%- endfor %}
o{{ i }}_resolved as (
    select
        s.entity_id, s.organisation_id, s.episode_number, s.entered_at, s.last_step, s.is_new, s.cause, s.anchor_at,
        s.deadline, s.exit_criteria_at,
        {%- if c.completion is not none %}
        s.completion_at
        {%- else %}
        case when {% for k in objectives %}d{{ loop.index }}.done_at is not null{% if not loop.last %} and {% endif %}{% endfor %}
            then greatest({% for k in objectives %}d{{ loop.index }}.done_at{% if not loop.last %}, {% endif %}{% endfor %}) end as completion_at
        {%- endif %}
    from o{{ i }}_resolved0 as s
    {%- for k in objectives %}
    left join o{{ k.idx }}_done as d{{ loop.index }} on d{{ loop.index }}.entity_id = s.entity_id and d{{ loop.index }}.episode_number = s.episode_number
    {%- endfor %}
),
{{ trig.trig_outcome_cte(c, t, 'o' ~ i ~ '_resolved') }}
{{ trig.trig_object_transitions_cte(c, t) }}
{%- for k in objectives %}
o{{ k.idx }}_outcome as (
    select
        d.entity_id, d.organisation_id, d.episode_number, d.entered_at, 0 as last_step, d.is_new,
        'stage_entry' as cause, cast(null as {{ dbt.type_timestamp() }}) as deadline,
        d.new_completed_at as completed_at,
        case when d.new_completed_at is null then coalesce(s.completed_at, s.exited_at) end as exited_at,
        'stage_exit' as exit_cause
    from o{{ k.idx }}_done as d
    inner join o{{ i }}_outcome as s on s.entity_id = d.entity_id and s.episode_number = d.episode_number
    where d.is_open_now
),
{{ trig.trig_object_transitions_cte(k, t) }}
{{ trig.trig_after_state_cte(k) }}
{%- endfor %}
{%- endmacro %}

{% macro trig_objective_ctes(k, stage, t) -%}
{%- set o, i = k.obj, k.idx -%}
{%- set key = 'organisation_id' if o.entity == 'organisation' else 'person_id' -%}
o{{ i }}_stage as (
    select s.entity_id, s.organisation_id, s.episode_number, s.stage_entered_at, s.stage_cap, s.stage_entered_at as anchor_at
    from o{{ stage.idx }}_stage_window as s
),
{{ trig.trig_leaf_ctes(k.entry_leaves, 'o' ~ i ~ '_stage', ['entity_id', 'episode_number'], key, t) }}
o{{ i }}_entered as (
    select
        s.entity_id, s.organisation_id, s.episode_number, s.stage_cap,
        coalesce(p.entered_at, {{ trig.trig_criteria_sql(k.entry, t) if k.entry is not none else 's.stage_entered_at' }}) as entered_at,
        p.completed_at as prev_completed_at,
        p.entity_id is null as is_new_candidate,
        p.entity_id is not null and p.is_open as was_open
    from o{{ i }}_stage as s
    left join o{{ i }}_attrs as a on a.{{ key }} = s.entity_id
    left join (select * from prev_state where object_name = '{{ o.name }}') as p
        on p.entity_id = s.entity_id and p.episode_number = s.episode_number
    {{- trig.trig_leaf_joins(k.entry_leaves, 's', ['entity_id', 'episode_number']) }}
),
o{{ i }}_episodes as (
    select entity_id, organisation_id, episode_number, stage_cap, prev_completed_at, entered_at,
        entered_at as anchor_at,
        is_new_candidate as is_new,
        was_open or is_new_candidate as is_open_now
    from o{{ i }}_entered
    where entered_at is not null and entered_at <= {{ t }}
        and (stage_cap is null or entered_at <= stage_cap)
),
{{ trig.trig_leaf_ctes(k.episode_leaves, 'o' ~ i ~ '_episodes', ['entity_id', 'episode_number'], key, t, progress={'obj': o, 'context': 'episode', 'late': (stage.entry_leaves + k.entry_leaves) | length > 0}) }}
o{{ i }}_done as (
    select r.*, coalesce(r.prev_completed_at, r.new_completed_at) as done_at
    from (
        select ep.*,
            case when ep.is_open_now then (
                case when c.completion_at <= {{ t }} and c.completion_at >= ep.entered_at
                    and (ep.stage_cap is null or c.completion_at <= ep.stage_cap) then c.completion_at end
            ) end as new_completed_at
        from o{{ i }}_episodes as ep
        left join (
            select ep.entity_id, ep.episode_number, {{ trig.trig_criteria_sql(k.completion, t) }} as completion_at
            from o{{ i }}_episodes as ep
            left join o{{ i }}_attrs as a on a.{{ key }} = ep.entity_id
            {{- trig.trig_leaf_joins(k.episode_leaves, 'ep', ['entity_id', 'episode_number']) }}
        ) as c on c.entity_id = ep.entity_id and c.episode_number = ep.episode_number
    ) as r
),
{%- endmacro %}

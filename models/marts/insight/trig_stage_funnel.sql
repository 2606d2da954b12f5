{#- A stage's funnel: entered, then each objective (unordered, in declared order),
    then how episodes ended: completed, exited with objectives incomplete, still
    active. One row per stage and step; share_of_entered makes the bars. -#}
{%- set stages = trig.trig_objects() | selectattr('kind', 'equalto', 'stage') | list -%}
{%- set dbl = trig.trig_type_double() -%}
{%- set big = dbt.type_bigint() -%}

with episodes as (
    select object_name, object_kind, parent_object_name, status
    from {{ ref('trig_episodes') }}
    where object_kind in ('stage', 'objective')
),

steps as (
    select
        cast(null as {{ dbt.type_string() }}) as stage_name,
        cast(null as {{ dbt.type_int() }}) as step_number,
        cast(null as {{ dbt.type_string() }}) as step_name,
        cast(null as {{ dbt.type_string() }}) as step_kind,
        cast(null as {{ dbt.type_string() }}) as object_name,
        cast(null as {{ dbt.type_string() }}) as status
    where 1 = 0
    {%- for stage in stages %}
    {%- set n = stage.objectives | length %}
    union all select '{{ stage.name }}', 0, 'entered', 'entered', '{{ stage.name }}', null
    {%- for objective in stage.objectives %}
    union all select '{{ stage.name }}', {{ loop.index }}, '{{ objective }}', 'objective', '{{ objective }}', 'completed'
    {%- endfor %}
    union all select '{{ stage.name }}', {{ n + 1 }}, 'completed', 'outcome', '{{ stage.name }}', 'completed'
    union all select '{{ stage.name }}', {{ n + 2 }}, 'exited_incomplete', 'outcome', '{{ stage.name }}', 'exited'
    union all select '{{ stage.name }}', {{ n + 3 }}, 'active', 'outcome', '{{ stage.name }}', 'active'
    {%- endfor %}
),

counted as (
    select
        s.stage_name,
        s.step_number,
        s.step_name,
        s.step_kind,
        count(e.object_name) as episodes
    from steps as s
    left join episodes as e
        on e.object_name = s.object_name
        and (s.status is null or e.status = s.status)
    group by s.stage_name, s.step_number, s.step_name, s.step_kind
)

select
    stage_name,
    cast(step_number as {{ big }}) as step_number,
    step_name,
    step_kind,
    cast(episodes as {{ big }}) as episodes,
    cast(episodes as {{ dbl }}) / nullif(max(case when step_number = 0 then episodes end) over (partition by stage_name), 0) as share_of_entered
from counted

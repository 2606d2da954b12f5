{#- The state left by previous evaluations, read from the transition log itself:
    one row per object, entity and episode, then the latest episode per object and
    entity with the generated-attribute values. -#}
{% macro trig_previous_state_ctes(log_relation) -%}
prev_episodes as (
    {%- if log_relation is not none %}
    select
        object_name, entity_id, max(organisation_id) as organisation_id, episode_number,
        max(case when transition_type = 'entered' then occurred_at end) as entered_at,
        max(case when transition_type = 'completed' then occurred_at end) as completed_at,
        max(case when transition_type = 'exited' then occurred_at end) as exited_at,
        max(case when transition_type = 'follow_up_due' then step else 0 end) as last_step,
        max(case when transition_type = 'signal_raised' then occurred_at end) as signal_raised_at,
        max(case when transition_type = 'signal_resolved' then occurred_at end) as signal_resolved_at
    from {{ log_relation }}
    group by object_name, entity_id, episode_number
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as object_name, cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ dbt.type_string() }}) as organisation_id, cast(null as {{ dbt.type_int() }}) as episode_number,
        cast(null as {{ dbt.type_timestamp() }}) as entered_at, cast(null as {{ dbt.type_timestamp() }}) as completed_at,
        cast(null as {{ dbt.type_timestamp() }}) as exited_at, cast(null as {{ dbt.type_int() }}) as last_step,
        cast(null as {{ dbt.type_timestamp() }}) as signal_raised_at, cast(null as {{ dbt.type_timestamp() }}) as signal_resolved_at
    where 1 = 0
    {%- endif %}
),

prev_state as (
    {#- one pass: the latest episode per object and entity, with the generated
        attributes as window aggregates over all its episodes -#}
    select *
    from (
        select
            prev_episodes.*,
            entered_at is not null and completed_at is null and exited_at is null as is_open,
            max(entered_at) over (partition by object_name, entity_id) as last_entered_at,
            max(completed_at) over (partition by object_name, entity_id) as last_completed_at,
            max(exited_at) over (partition by object_name, entity_id) as last_exited_at,
            row_number() over (partition by object_name, entity_id order by episode_number desc) as recency
        from prev_episodes
    ) as ranked
    where recency = 1
),
{%- endmacro %}

{#- Generated attributes of one object after this evaluation: the previous state
    updated with this evaluation's outcome of its episodes. -#}
{% macro trig_after_state_cte(c) -%}
o{{ c.idx }}_after as (
    select
        coalesce(n.entity_id, p.entity_id) as entity_id,
        case when n.entity_id is not null then n.completed_at is null and n.exited_at is null else coalesce(p.is_open, false) end as is_open,
        coalesce(n.entered_at, p.last_entered_at) as last_entered_at,
        coalesce(n.completed_at, p.last_completed_at) as last_completed_at,
        coalesce(n.exited_at, p.last_exited_at) as last_exited_at
    from (select * from prev_state where object_name = '{{ c.obj.name }}') as p
    full outer join o{{ c.idx }}_outcome as n on n.entity_id = p.entity_id
),
{%- endmacro %}

{#- The entity's attributes plus the generated attributes its criteria reference,
    each read from the referenced object's state before or after this evaluation. -#}
{% macro trig_object_attributes_cte(c, evaluated, index_of, objects_by_name) -%}
o{{ c.idx }}_attrs as (
    select
        a.*
        {%- for r in c.refs %}
        {%- set ref_obj = objects_by_name[r] %}
        {%- set alias = 'r' ~ loop.index %},
        coalesce({{ alias }}.is_open, false) as currently_member_of_{{ r }},
        {{ alias }}.last_entered_at as last_entry_to_{{ r }},
        {{ alias }}.last_exited_at as last_exit_from_{{ r }},
        {{ alias }}.last_completed_at as last_completion_of_{{ r }}
        {%- endfor %}
    from {{ c.obj.entity }}_attrs as a
    {%- for r in c.refs %}
    {%- set ref_obj = objects_by_name[r] %}
    {%- set alias = 'r' ~ loop.index %}
    {%- set key = 'organisation_id' if ref_obj.entity == 'organisation' else 'person_id' %}
    {%- if r in evaluated and r != c.obj.name %}
    left join o{{ index_of[r] }}_after as {{ alias }} on {{ alias }}.entity_id = a.{{ key }}
    {%- else %}
    left join (select * from prev_state where object_name = '{{ r }}') as {{ alias }} on {{ alias }}.entity_id = a.{{ key }}
    {%- endif %}
    {%- endfor %}
),
{%- endmacro %}

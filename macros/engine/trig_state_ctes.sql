{#- The state left by previous evaluations, read from the engine's state table (kept in
    line with the transition log: trig_sync_episode_state): every episode of every
    object and entity, and the latest one per object and entity with the generated
    attributes. With `object_names`, only those objects' rows: each object of an
    evaluation batch reads its own rows several times, and every read scans what the
    CTE holds (ADR 013, twelfth round). The latest episodes are read from the episodes,
    so a batch scans the state table once (ADR 013, nineteenth round). -#}
{% macro trig_previous_state_ctes(object_names=none) -%}
  {%- set state = trig.trig_engine_relation('trig_episode_state') -%}
  {%- set literals = [] -%}
  {%- for name in object_names or [] -%}{%- do literals.append(trig.trig_string_literal(name)) -%}{%- endfor -%}
  {%- set only = 'object_name in (' ~ literals | join(', ') ~ ')' if object_names is not none else none -%}
prev_episodes as {{ trig.trig_inline_cte() }} (
    select * from {{ state }}{% if only %} where {{ only }}{% endif %}
),

prev_state as {{ trig.trig_inline_cte() }} (
    select * from prev_episodes where is_latest
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
    each read from the referenced object's state before or after this evaluation.
    Inlined on PostgreSQL: materialised, every entity's wide row was written to a
    temporary file once per object, though only the episodes' rows are read back
    (ADR 016). -#}
{% macro trig_object_attributes_cte(c, evaluated, index_of, objects_by_name) -%}
o{{ c.idx }}_attrs as {{ trig.trig_inline_cte() }} (
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

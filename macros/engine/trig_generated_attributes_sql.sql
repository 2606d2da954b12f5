{#- The four lifecycle attributes (and the seeds' aliases) of every object of one
    entity type, one row per entity, pivoted from the long trig_lifecycle_attributes.
    `objects` and `where` (a condition on its rows) narrow it for readers that need a
    few objects of a few entities (trig_generated_attributes_subset). -#}
{% macro trig_generated_attributes_sql(entity, key_column, objects=none, where=none) -%}
  {%- set objects = trig.trig_objects() | selectattr('entity', 'equalto', entity) | rejectattr('kind', 'equalto', 'cohort') | list if objects is none else objects -%}
    select
        entity_id as {{ key_column }}
        {%- for o in objects %},
        max(case when object_name = '{{ o.name }}' and currently_member then 1 else 0 end) = 1 as currently_member_of_{{ o.name }},
        max(case when object_name = '{{ o.name }}' then last_entry_at end) as last_entry_to_{{ o.name }},
        max(case when object_name = '{{ o.name }}' then last_exit_at end) as last_exit_from_{{ o.name }},
        max(case when object_name = '{{ o.name }}' then last_completion_at end) as last_completion_of_{{ o.name }}
        {%- endfor %}
    from {{ ref('trig_lifecycle_attributes') }}
    where entity_type = '{{ entity }}'
    {%- if where %}
        and object_name in ('{{ objects | map(attribute='name') | join("', '") }}')
        and {{ where }}
    {%- endif %}
    group by entity_id
{%- endmacro %}

{% macro trig_generated_columns(entity, alias, aliases=true, objects=none) -%}
  {%- set objects = trig.trig_objects() | selectattr('entity', 'equalto', entity) | rejectattr('kind', 'equalto', 'cohort') | list if objects is none else objects -%}
  {%- for o in objects %},
    coalesce({{ alias }}.currently_member_of_{{ o.name }}, false) as currently_member_of_{{ o.name }},
    {{ alias }}.last_entry_to_{{ o.name }},
    {{ alias }}.last_exit_from_{{ o.name }},
    {{ alias }}.last_completion_of_{{ o.name }}
    {%- if aliases %},
    {{ alias }}.last_entry_to_{{ o.name }} as last_entered_{{ o.name }},
    {{ alias }}.last_exit_from_{{ o.name }} as last_exited_{{ o.name }},
    {{ alias }}.last_completion_of_{{ o.name }} as last_completed_{{ o.name }}
    {%- endif %}
  {%- endfor %}
{%- endmacro %}

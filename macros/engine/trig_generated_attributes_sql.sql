{#- The four lifecycle attributes (and the seeds' aliases) of every object of one
    entity type, one row per entity, pivoted from the long trig_lifecycle_attributes. -#}
{% macro trig_generated_attributes_sql(entity, key_column) -%}
  {%- set objects = trig.trig_objects() | selectattr('entity', 'equalto', entity) | rejectattr('kind', 'equalto', 'cohort') | list -%}
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
    group by entity_id
{%- endmacro %}

{% macro trig_generated_columns(entity, alias, aliases=true) -%}
  {%- set objects = trig.trig_objects() | selectattr('entity', 'equalto', entity) | rejectattr('kind', 'equalto', 'cohort') | list -%}
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

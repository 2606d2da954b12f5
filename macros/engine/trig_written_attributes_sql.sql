{#- Latest written value per entity for each write-back attribute, typed (the pivot
    aggregates text: PostgreSQL has no max() over booleans). -#}
{% macro trig_written_attributes_sql(entity, key_column) -%}
  {%- set attributes = trig.trig_written_attributes(entity) -%}
  with latest as (
      select entity_id, attribute_name, replace(attribute_value, '"', '') as attribute_value,
          row_number() over (partition by entity_id, attribute_name order by written_at desc, action_id desc) as recency
      from {{ source('trig_runner', 'trig_attribute_writes') }}
      where entity_type = '{{ entity }}'
  ),

  pivoted as (
      select entity_id
      {%- for name in attributes %},
          max(case when attribute_name = '{{ name }}' then attribute_value end) as {{ name }}
      {%- endfor %}
      from latest
      where recency = 1
      group by entity_id
  )

  select entity_id as {{ key_column }}
  {%- for name, type in attributes.items() %},
      {% if type == 'boolean' -%}
      case when lower({{ name }}) = 'true' then true when lower({{ name }}) = 'false' then false end
      {%- elif type == 'number' -%}
      cast({{ name }} as {{ trig.trig_type_double() }})
      {%- else -%}
      {{ name }}
      {%- endif %} as {{ name }}
  {%- endfor %}
  from pivoted
{%- endmacro %}

{#- An event condition's property filters (`where`: property -> value) on a JSON
    properties column, as one boolean expression; booleans compare as 'true'/'false'. -#}
{% macro trig_property_filter_sql(properties, where) -%}
(
  {%- for prop, value in where.items() %}
    {{ 'and ' if not loop.first }}{{ trig.trig_json_extract_string(properties, prop) }} = {{ trig.trig_string_literal(value | string | lower if (value is sameas true or value is sameas false) else value) }}
  {%- endfor %}
)
{%- endmacro %}

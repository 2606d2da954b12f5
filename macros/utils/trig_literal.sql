{#- A typed configuration value (string, number, boolean, none) as a SQL literal. -#}
{% macro trig_literal(value) -%}
  {%- if value is none -%}null
  {%- elif value is sameas true -%}true
  {%- elif value is sameas false -%}false
  {%- elif value is number -%}{{ value }}
  {%- else -%}{{ trig.trig_string_literal(value) }}
  {%- endif -%}
{%- endmacro %}

{#- A loader's boolean flag that may be null (null = false), as a SQL condition. -#}
{% macro trig_is_true(expression) -%}
  coalesce(cast({{ expression }} as {{ dbt.type_boolean() }}), false)
{%- endmacro %}

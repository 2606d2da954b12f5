{#- A validated timestamp string as a typed SQL timestamp. -#}
{% macro trig_timestamp_literal(value) -%}
  {{ return(adapter.dispatch('trig_timestamp_literal', 'trig')(value)) }}
{%- endmacro %}

{% macro default__trig_timestamp_literal(value) -%}
  cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

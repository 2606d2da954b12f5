{#- A configuration value as a SQL string literal. Values are data, never SQL:
    quotes are doubled, and adapters that treat backslash as an escape get it escaped. -#}
{% macro trig_string_literal(value) -%}
  {{ return(adapter.dispatch('trig_string_literal', 'trig')(value)) }}
{%- endmacro %}

{% macro default__trig_string_literal(value) -%}
  '{{ (value | string).replace("'", "''") }}'
{%- endmacro %}

{#- BigQuery and Snowflake read backslash as an escape inside string literals. -#}
{% macro bigquery__trig_string_literal(value) -%}
  '{{ (value | string).replace("\\", "\\\\").replace("'", "\\'") }}'
{%- endmacro %}

{% macro snowflake__trig_string_literal(value) -%}
  '{{ (value | string).replace("\\", "\\\\").replace("'", "''") }}'
{%- endmacro %}

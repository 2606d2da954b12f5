{#- A configuration value as a SQL string literal. Values are data, never SQL: every
    adapter's version must round-trip any text exactly (quotes, backslashes, newlines,
    non-ASCII), whatever the session's settings. -#}
{% macro trig_string_literal(value) -%}
  {{ return(adapter.dispatch('trig_string_literal', 'trig')(value)) }}
{%- endmacro %}

{#- DuckDB and the SQL standard: only the quote is special, and it is doubled. -#}
{% macro default__trig_string_literal(value) -%}
  '{{ (value | string).replace("'", "''") }}'
{%- endmacro %}

{#- PostgreSQL reads backslash as an escape when standard_conforming_strings is off (a
    server, database or role setting the package cannot see): an E'' literal has the same
    meaning whatever the setting, so backslashes are doubled inside one. -#}
{% macro postgres__trig_string_literal(value) -%}
  E'{{ (value | string).replace("\\", "\\\\").replace("'", "''") }}'
{%- endmacro %}

{#- Redshift always reads backslash as an escape inside string literals. -#}
{% macro redshift__trig_string_literal(value) -%}
  '{{ (value | string).replace("\\", "\\\\").replace("'", "''") }}'
{%- endmacro %}

{#- BigQuery reads backslash as an escape inside string literals, and a single-quoted
    literal may not span lines: line breaks are written as escapes. -#}
{% macro bigquery__trig_string_literal(value) -%}
  '{{ (value | string).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r") }}'
{%- endmacro %}

{#- Snowflake reads backslash as an escape inside string literals. -#}
{% macro snowflake__trig_string_literal(value) -%}
  '{{ (value | string).replace("\\", "\\\\").replace("'", "''") }}'
{%- endmacro %}

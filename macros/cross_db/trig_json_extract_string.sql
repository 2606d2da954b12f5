{#- The text value of a top-level key of a JSON text column. -#}
{% macro trig_json_extract_string(column, key) -%}
  {{ return(adapter.dispatch('trig_json_extract_string', 'trig')(column, key)) }}
{%- endmacro %}

{% macro default__trig_json_extract_string(column, key) -%}
  json_extract_path_text({{ column }}, {{ trig.trig_string_literal(key) }})
{%- endmacro %}

{% macro duckdb__trig_json_extract_string(column, key) -%}
  json_extract_string({{ column }}, {{ trig.trig_string_literal('$.' ~ key) }})
{%- endmacro %}

{#- PostgreSQL has no json_extract_path_text on text: cast to json first. -#}
{% macro postgres__trig_json_extract_string(column, key) -%}
  (cast({{ column }} as json) ->> {{ trig.trig_string_literal(key) }})
{%- endmacro %}

{#- Redshift has no json type nor ->>, and dbt-redshift dispatches to postgres__ before
    default__: use the default json_extract_path_text on text. -#}
{% macro redshift__trig_json_extract_string(column, key) -%}
  {{ trig.default__trig_json_extract_string(column, key) }}
{%- endmacro %}

{% macro snowflake__trig_json_extract_string(column, key) -%}
  get_path(try_parse_json({{ column }}), {{ trig.trig_string_literal(key) }})::varchar
{%- endmacro %}

{% macro bigquery__trig_json_extract_string(column, key) -%}
  json_value({{ column }}, {{ trig.trig_string_literal('$.' ~ key) }})
{%- endmacro %}

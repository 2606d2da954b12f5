{#- The first text value of a top-level key of a JSON text column whose value is either a
    scalar or an array of scalars (Amplitude's `groups`: {"company": ["acme"]} or
    {"company": "acme"}); null when absent or empty. -#}
{% macro trig_json_first_string(column, key) -%}
  {{ return(adapter.dispatch('trig_json_first_string', 'trig')(column, key)) }}
{%- endmacro %}

{#- Elsewhere the key's value comes back as text, an array as its JSON text
    ('["acme","beta"]'): brackets and quotes are stripped and the first item kept. -#}
{% macro default__trig_json_first_string(column, key) -%}
  {%- set value = "replace(replace(replace(cast(" ~ trig.trig_json_extract_string(column, key) ~ " as "
      ~ dbt.type_string() ~ "), '[', ''), ']', ''), '\"', '')" -%}
  nullif(trim({{ dbt.split_part(value, "','", 1) }}), '')
{%- endmacro %}

{#- BigQuery's JSON_VALUE returns NULL for an array: ask for its first item as well. -#}
{% macro bigquery__trig_json_first_string(column, key) -%}
  nullif(trim(coalesce(
    json_value({{ column }}, {{ trig.trig_string_literal('$.' ~ key) }}),
    json_value({{ column }}, {{ trig.trig_string_literal('$.' ~ key ~ '[0]') }})
  )), '')
{%- endmacro %}

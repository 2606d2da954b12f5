{#- The incremental strategy for models that replace rows by key. delete+insert is
    supported by DuckDB, PostgreSQL, Snowflake and Redshift (and avoids MERGE, which
    some emulators lack); BigQuery has no delete+insert, so it merges. -#}
{% macro trig_upsert_strategy() -%}
  {{ return(adapter.dispatch('trig_upsert_strategy', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_upsert_strategy() -%}
  {{ return('delete+insert') }}
{%- endmacro %}

{% macro bigquery__trig_upsert_strategy() -%}
  {{ return('merge') }}
{%- endmacro %}

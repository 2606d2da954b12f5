{#- Refreshes the planner's statistics of a table the engine has just written in bulk (ADR 016).
    PostgreSQL's autovacuum analyses a table some time after a large insert; until then
    the planner works from the empty table it last saw, and the checks and marts that
    read the transition log next chose nested loops over it (the benchmark's full build
    on PostgreSQL: two data tests 26 s and 37 s). DuckDB keeps its statistics current;
    Redshift analyses automatically, and Snowflake and BigQuery need nothing. -#}
{% macro trig_analyze_table(relation) -%}
  {{ return(adapter.dispatch('trig_analyze_table', 'trig')(relation)) }}
{%- endmacro %}

{% macro default__trig_analyze_table(relation) -%}{%- endmacro %}

{% macro postgres__trig_analyze_table(relation) -%}
  {%- if execute -%}{%- do run_query('analyze ' ~ relation) -%}{%- endif -%}
{%- endmacro %}

{% macro redshift__trig_analyze_table(relation) -%}{%- endmacro %}

{#- A plain table from a query, for the engine's own tables (state, pending
    transitions). dbt's create_table_as would apply the calling model's contract. -#}
{% macro trig_create_table_as(relation, sql) -%}
  {%- do run_query('create table ' ~ relation ~ ' as (' ~ sql ~ ')') -%}
{%- endmacro %}

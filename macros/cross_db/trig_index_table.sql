{#- Indexes a table the engine reads by one key many times per statement (ADR 016).
    PostgreSQL scans a table without an index in full for every such read; the other
    warehouses prune by their own storage (DuckDB's zone maps, Snowflake's and BigQuery's
    clustering, Redshift's sort keys), so they need nothing. The index is created
    when the table has none (the first build, a full refresh, an upgrade) and kept by
    the incremental builds after it. -#}
{% macro trig_index_table(relation, columns) -%}
  {{ return(adapter.dispatch('trig_index_table', 'trig')(relation, columns)) }}
{%- endmacro %}

{% macro default__trig_index_table(relation, columns) -%}{%- endmacro %}

{% macro postgres__trig_index_table(relation, columns) -%}
  {%- if execute -%}
    {#- looked up by table, not by name: a full refresh swaps the rebuilt table in, and the
        table it replaces keeps its index (and that index's name) until it is dropped -#}
    {%- set found = run_query("select count(*) from pg_indexes where schemaname = " ~ trig.trig_string_literal(relation.schema) ~ " and tablename = " ~ trig.trig_string_literal(relation.identifier) ~ " and indexdef like " ~ trig.trig_string_literal('% (' ~ columns | join(', ') ~ ')')) -%}
    {%- if found.rows[0][0] == 0 -%}
      {%- do run_query('create index on ' ~ relation ~ ' (' ~ columns | join(', ') ~ ')') -%}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{% macro redshift__trig_index_table(relation, columns) -%}{%- endmacro %}

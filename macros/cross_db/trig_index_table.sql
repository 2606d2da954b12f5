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
    {#- an index on the same columns with a predicate (`... WHERE ...`, as earlier
        versions indexed the state) serves only the reads that repeat it: replaced -#}
    {%- set wanted = ' (' ~ columns | join(', ') ~ ')' -%}
    {%- set found = namespace(any=false) -%}
    {%- for name, definition in trig.postgres__trig_table_indexes(relation) -%}
      {%- if definition.endswith(wanted) -%}
        {%- set found.any = true -%}
      {%- elif (wanted ~ ' WHERE ') in definition -%}
        {%- do run_query('drop index if exists ' ~ name) -%}
      {%- endif -%}
    {%- endfor -%}
    {%- if not found.any -%}{%- do run_query('create index on ' ~ relation ~ wanted) -%}{%- endif -%}
  {%- endif -%}
{%- endmacro %}

{#- (name, definition) of each index of a table. Read from pg_index by the table's own
    oid: pg_indexes computes every definition it filters, and one of an index that another
    session drops meanwhile fails the query ("could not open relation with OID"). -#}
{% macro postgres__trig_table_indexes(relation) -%}
  {%- set table = trig.trig_string_literal(relation.include(database=false) | string) -%}
  {{ return(run_query('select indexrelid::regclass::text, pg_get_indexdef(indexrelid) from pg_index where indrelid = ' ~ table ~ '::regclass').rows) }}
{%- endmacro %}

{% macro redshift__trig_index_table(relation, columns) -%}{%- endmacro %}

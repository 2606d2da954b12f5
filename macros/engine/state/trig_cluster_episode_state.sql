{#- Keeps the state table in object order where the warehouse skips storage by the
    values it holds (ADR 013, nineteenth round). Every evaluation batch reads its own
    objects' rows and every state update the touched objects' rows: on DuckDB, whose
    row groups carry min/max statistics, a table in object order lets those reads skip
    the other objects' row groups instead of scanning the whole table (at 160 objects,
    3.6M rows per batch). The rows an update replaces are appended at the end, out of
    order, so the table is rewritten in order once the rows appended since the last
    rewrite pass a quarter of it. `transitions`: this evaluation's, whose count bounds
    the episodes it replaced (none: the state was just rebuilt, reorder it now).
    Other warehouses need nothing: PostgreSQL reads the state through its indexes
    (trig_index_episode_state), Snowflake and BigQuery cluster their own storage. -#}
{% macro trig_cluster_episode_state(transitions) -%}
  {{ return(adapter.dispatch('trig_cluster_episode_state', 'trig')(transitions)) }}
{%- endmacro %}

{% macro default__trig_cluster_episode_state(transitions) -%}{%- endmacro %}

{% macro duckdb__trig_cluster_episode_state(transitions) -%}
  {%- set state = trig.trig_engine_relation('trig_episode_state') -%}
  {%- set layout = trig.trig_engine_relation('trig_episode_state_layout') -%}
  {%- set recorded = none if transitions is none else adapter.get_relation(database=layout.database, schema=layout.schema, identifier=layout.identifier) -%}
  {%- set counts = run_query('select ordered_rows, appended_rows + (select count(*) from ' ~ transitions ~ ') from ' ~ layout).rows[0] if recorded is not none else none -%}
  {%- if counts is none or counts[1] * 4 > counts[0] -%}
    {%- set ordered = trig.trig_engine_relation('trig_episode_state__ordered') -%}
    {%- do adapter.drop_relation(ordered) -%}
    {%- do trig.trig_create_table_as(ordered, 'select * from ' ~ state ~ ' order by object_name') -%}
    {%- do adapter.drop_relation(state) -%}
    {%- do adapter.rename_relation(ordered, state) -%}
    {%- do adapter.drop_relation(layout) -%}
    {%- do trig.trig_create_table_as(layout, 'select count(*) as ordered_rows, 0 as appended_rows from ' ~ state) -%}
  {%- else -%}
    {%- do run_query('update ' ~ layout ~ ' set appended_rows = ' ~ counts[1]) -%}
  {%- endif -%}
{%- endmacro %}

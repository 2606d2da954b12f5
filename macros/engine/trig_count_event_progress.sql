{#- int_trig__event_progress' pre-hook: counts every forward condition of every object
    into a pending table, which the model then upserts. By default in one statement
    over the conditions as rows (trig_event_progress_set_sql, ADR 014); with
    `trig_set_based_progress: false`, `trig_conditions_per_statement` conditions
    (default 40) per statement, each condition its own SQL (kept for one release). -#}
{% macro trig_count_event_progress() -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set t = trig.trig_t() -%}
  {%- set leaves = trig.trig_progress_leaves(trig.trig_evaluation_plan()) -%}
  {%- set size = var('trig_conditions_per_statement', 40) | int -%}
  {%- set pending = trig.trig_engine_relation('int_trig__event_progress__pending') -%}
  {%- set log = adapter.get_relation(database=this.database, schema=this.schema, identifier='trig_transitions') -%}
  {%- set scanned_from = trig.trig_progress_scan_from(this if is_incremental() else none, log) -%}
  {%- do adapter.drop_relation(pending) -%}
  {%- do trig.trig_create_table_as(pending, trig.trig_event_progress_batch_sql([], true, t, scanned_from)) -%}
  {%- if var('trig_set_based_progress', true) and leaves -%}
    {%- set filters = trig.trig_progress_filter_groups(leaves) -%}
    {%- set conditions = trig.trig_create_progress_conditions('int_trig__event_progress__conditions', leaves, filters, scanned_from) -%}
    {%- do run_query('insert into ' ~ pending ~ ' select * from (' ~ trig.trig_event_progress_set_sql(leaves, filters, conditions, t, scanned_from) ~ ') as set_progress') -%}
    {{ return('') }}
  {%- endif -%}
  {%- set batches = leaves | batch(size if size > 0 else 40) | list -%}
  {%- set slice = none -%}
  {%- if batches | length > 1 -%}
    {%- set slice = trig.trig_create_event_slice('int_trig__event_progress__events', trig.trig_progress_batch_scan_from(leaves, scanned_from), t) -%}
  {%- endif -%}
  {%- for batch in batches -%}
    {%- do run_query('insert into ' ~ pending ~ ' select * from (' ~ trig.trig_event_progress_batch_sql(batch, false, t, scanned_from, slice) ~ ') as batch_progress') -%}
  {%- endfor -%}
  {{ return('') }}
{%- endmacro %}

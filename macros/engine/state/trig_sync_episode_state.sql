{#- Makes the state table agree with the transition log before an evaluation reads it.
    The watermark records the evaluation that last changed the state and whether its
    transitions reached the log. The state is rebuilt from the log when it is missing,
    when its columns are not this version's (an upgrade), when that evaluation did not
    finish (it died between updating the state and logging its transitions, on a
    warehouse that did not roll it back), when the log holds an
    evaluation newer than the watermark, or when there is no log (none: the first build,
    or a full refresh about to rebuild it); otherwise it is used as it is. An evaluation
    that logged nothing (a quiet day, a full refresh that found no transitions) leaves the
    log behind the watermark: that is consistent, not a reason to rebuild. -#}
{% macro trig_sync_episode_state(log_relation) -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set state = trig.trig_engine_relation('trig_episode_state') -%}
  {%- set watermark = trig.trig_engine_relation('trig_episode_state_watermark') -%}
  {%- set logged = trig.trig_scalar_timestamp('select max(evaluated_at) from ' ~ log_relation) if log_relation is not none else none -%}
  {%- set has_state = adapter.get_relation(database=state.database, schema=state.schema, identifier=state.identifier) is not none -%}
  {%- set has_watermark = adapter.get_relation(database=watermark.database, schema=watermark.schema, identifier=watermark.identifier) is not none -%}
  {#- the watermark's one row (none offline: no connection, the Redshift leg) -#}
  {%- set marks = run_query('select evaluated_at, is_complete from ' ~ watermark) if has_watermark else none -%}
  {%- set mark = marks.rows[0] if marks is not none and marks.rows | length > 0 else none -%}
  {%- set recorded = trig.trig_timestamp_text(mark[0]) if mark is not none else none -%}
  {%- set behind = logged is not none and (recorded is none or logged > recorded) -%}
  {%- if log_relation is none or not has_state or mark is none or not mark[1] or behind or not trig.trig_state_has_columns(state) -%}
    {%- do log('trig: rebuilding the engine state from the transition log', info=true) if has_state and log_relation is not none -%}
    {%- do trig.trig_rebuild_episode_state(log_relation) -%}
    {%- do trig.trig_write_state_watermark(logged, true) -%}
  {%- else -%}
    {%- do trig.trig_index_episode_state(state) -%}
  {%- endif -%}
  {{ return('') }}
{%- endmacro %}

{#- Records which evaluation last changed the state and whether it reached the log. -#}
{% macro trig_write_state_watermark(evaluated_at, is_complete) -%}
  {%- set watermark = trig.trig_engine_relation('trig_episode_state_watermark') -%}
  {%- set value = trig.trig_timestamp_literal(evaluated_at) if evaluated_at is not none else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' -%}
  {%- do adapter.drop_relation(watermark) -%}
  {%- do trig.trig_create_table_as(watermark, 'select ' ~ value ~ ' as evaluated_at, ' ~ ('true' if is_complete else 'false') ~ ' as is_complete') -%}
{%- endmacro %}

{#- Whether the state table has exactly this version's columns, in order. -#}
{% macro trig_state_has_columns(state) -%}
  {{ return(trig.trig_columns_of(state) == trig.trig_state_columns()) }}
{%- endmacro %}

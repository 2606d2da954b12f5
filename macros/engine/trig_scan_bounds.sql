{#- Compile-time lower bounds for event scans, as literals so the warehouse can prune
    by time (zone maps, partitions) instead of reading all history.

    trig_progress_scan_from(): the progress watermark, or earlier if the transitions
    recorded since then moved anchors further back (an exit stamped at its deadline).
    trig_new_episode_scan_from(): the previous evaluation; episodes entered by this
    evaluation start after it. A full refresh rebuilds history from the inputs: every
    episode is new then, and its counts read all events. -#}
{% macro trig_progress_scan_from(progress_relation, log_relation) -%}
  {%- set floor = '1900-01-01 00:00:00' -%}
  {%- if not execute or progress_relation is none -%}{{ return(floor) }}{%- endif -%}
  {%- set watermark = trig.trig_scalar_timestamp("select max(counted_through) from " ~ progress_relation ~ " where progress_key = '~watermark'") -%}
  {%- if watermark is none -%}{{ return(floor) }}{%- endif -%}
  {%- if log_relation is none -%}{{ return(watermark) }}{%- endif -%}
  {%- set moved = trig.trig_scalar_timestamp("select min(occurred_at) from " ~ log_relation ~ " where evaluated_at >= " ~ trig.trig_timestamp_literal(watermark)) -%}
  {{ return(moved if moved is not none and moved < watermark else watermark) }}
{%- endmacro %}

{% macro trig_new_episode_scan_from() -%}
  {%- if trig.trig_log_is_rebuilt() -%}{{ return('1900-01-01 00:00:00') }}{%- endif -%}
  {{ return(trig.trig_last_evaluation_time() or '1900-01-01 00:00:00') }}
{%- endmacro %}

{% macro trig_scalar_timestamp(sql) -%}
  {%- set result = run_query(sql) -%}
  {#- no result at all when compiling offline (no connection: the Redshift leg) -#}
  {%- if result is none or result.columns | length == 0 or result.rows | length == 0 -%}{{ return(none) }}{%- endif -%}
  {{ return(trig.trig_timestamp_text(result.columns[0].values()[0])) }}
{%- endmacro %}

{#- A timestamp read from the warehouse as 'YYYY-MM-DD HH:MM:SS' (none stays none). -#}
{% macro trig_timestamp_text(value) -%}
  {%- if value is none -%}{{ return(none) }}{%- endif -%}
  {{ return(value.strftime('%Y-%m-%d %H:%M:%S') if value is not string else value[:19]) }}
{%- endmacro %}

{#- A 'YYYY-MM-DD HH:MM:SS' timestamp moved by a number of seconds. -#}
{% macro trig_shift_timestamp(value, seconds) -%}
  {%- set fmt = '%Y-%m-%d %H:%M:%S' -%}
  {%- set moved = modules.datetime.datetime.strptime(value, fmt) + modules.datetime.timedelta(seconds=seconds) -%}
  {{ return(moved.strftime(fmt) if moved.year >= 1900 else '1900-01-01 00:00:00') }}
{%- endmacro %}

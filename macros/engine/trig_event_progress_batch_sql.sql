{#- The running counts of one batch of conditions (trig_progress_leaves) at T, and the
    progress watermark row when `with_watermark`. Events are read from the watermark,
    or from the earliest anchor moved after it, minus the batch's longest positive
    window (ADR 006), as a literal so the scan is pruned by time. -#}
{#- (`event_slice`: read events from this copy, made by trig_count_event_progress.) -#}
{% macro trig_event_progress_batch_sql(leaves, with_watermark, t, scanned_from, event_slice=none) -%}
  {%- set scan_from = trig.trig_progress_batch_scan_from(leaves, scanned_from) -%}
with
{{ trig.trig_progress_watermark_ctes() }}
{#- the only events read: since the watermark, or since the earliest anchor moved
    after it (a literal, so the scan is pruned by time); with a copy, the copy itself -#}
{%- if event_slice is none %}
events as (
    select * from {{ trig.trig_events_with_organisation() }} as all_events
    where occurred_at <= {{ t }}
        and occurred_at > {{ trig.trig_timestamp_literal(scan_from) }}
),
{%- endif %}
{%- for p in leaves %}
{{ trig.trig_progress_ctes(p, 'p' ~ loop.index, t, scanned_from, event_slice if event_slice is not none else 'events') }}
{%- endfor %}
all_progress as (
    select
        '~watermark' as progress_key,
        cast(null as {{ dbt.type_string() }}) as leaf_key,
        cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ dbt.type_timestamp() }}) as anchor_at,
        cast(0 as {{ dbt.type_bigint() }}) as event_count,
        cast(null as {{ dbt.type_timestamp() }}) as reached_at
    where {{ 'true' if with_watermark else 'false' }} and {{ t }} > (select counted_through from watermark)
    {%- for p in leaves %}
    union all
    select progress_key, leaf_key, entity_id, anchor_at, event_count, reached_at from p{{ loop.index }}_result
    {%- endfor %}
)

select all_progress.*, {{ t }} as counted_through
from all_progress
{%- endmacro %}

{#- Where a batch of conditions starts reading events (a 'YYYY-MM-DD HH:MM:SS' string):
    `scanned_from` (trig_progress_scan_from, read once per evaluation) moved back by the
    batch's longest positive window. -#}
{% macro trig_progress_batch_scan_from(leaves, scanned_from) -%}
  {%- set scan_from = scanned_from -%}
  {%- set windows = leaves | map(attribute='leaf') | selectattr('within_s') | map(attribute='within_s') | list -%}
  {{ return(trig.trig_shift_timestamp(scan_from, -(windows | max if windows else 0))) }}
{%- endmacro %}

{#- The CTEs both ways of counting start from (trig_event_progress_set_sql and
    trig_event_progress_batch_sql): the previous state, how far the counts already
    reach (`watermark`, the floor on a full build) and when each object went live. -#}
{% macro trig_progress_watermark_ctes() -%}
  {%- set floor = trig.trig_timestamp_literal('1900-01-01 00:00:00') -%}
{{ trig.trig_previous_state_ctes() }}
watermark as (
    select
        {%- if is_incremental() %}
        coalesce(max(counted_through), {{ floor }}) as counted_through
        from {{ this }} where progress_key = '~watermark'
        {%- else %}
        {{ floor }} as counted_through
        {%- endif %}
),
objects_live as (
    {{ trig.trig_objects_live_sql() }}
),
{%- endmacro %}

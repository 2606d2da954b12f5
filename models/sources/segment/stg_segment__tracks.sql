{{ config(enabled=trig.trig_source_enabled('segment')) }}
{#- Segment track calls, one row per delivery (duplicates share the message id `id`
    and are removed where events are staged incrementally). `timestamp` is UTC and is
    the time to order by. The organisation comes from `context_group_id` when the
    tracks carry it, else from the person's primary organisation. -#}
{%- set rel = trig.trig_source_table('segment', 'tracks') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}
{%- set occurred = trig.trig_source_column(c, rel, 'timestamp', required=true) -%}

select
    'segment' as source,
    {{ trig.trig_prefixed('segment', trig.trig_source_column(c, rel, 'id', required=true)) }} as event_id,
    cast({{ trig.trig_source_column(c, rel, 'event', required=true) }} as {{ s }}) as raw_event_name,
    cast({{ occurred }} as {{ dbt.type_timestamp() }}) as occurred_at,
    cast({{ trig.trig_source_column(c, rel, 'user_id') }} as {{ s }}) as actor_record_id,
    cast({{ trig.trig_source_column(c, rel, 'anonymous_id') }} as {{ s }}) as anonymous_id,
    cast({{ trig.trig_source_column(c, rel, ['context_group_id', 'context_groupid'], 'segment_tracks_group_column') }} as {{ s }}) as organisation_record_id,
    cast(null as {{ trig.trig_type_text() }}) as properties,
    1 as num_events,
    {#- duplicate deliveries of one message id are identical: any one will do -#}
    cast(null as {{ trig.trig_type_double() }}) as delivery_order
from {{ rel }}

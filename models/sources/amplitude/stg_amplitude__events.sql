{{ config(enabled=trig.trig_source_enabled('amplitude')) }}
{#- Amplitude events (event_time is UTC), not deleted. Duplicates share _insert_id
    (else device + time + user). The person is coalesce(user_id, amplitude_id); the
    organisation is the first id of group type var amplitude_group_type (default
    'company') in the `groups` JSON ({"company": ["acme"]} or {"company": "acme"}). -#}
{%- set rel = trig.trig_source_table('amplitude', 'event') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}
{%- set occurred = trig.trig_source_column(c, rel, 'event_time', required=true) -%}
{%- set person = 'coalesce(cast(' ~ trig.trig_source_column(c, rel, 'user_id') ~ ' as ' ~ s ~ '), cast(' ~ trig.trig_source_column(c, rel, 'amplitude_id') ~ ' as ' ~ s ~ '))' -%}
{%- set group_type = trig.trig_identifier(var('amplitude_group_type', 'company'), "var 'amplitude_group_type'") -%}
{%- set group_value = trig.trig_json_first_string(trig.trig_source_column(c, rel, 'groups'), group_type) -%}
{%- set fallback_id = trig.trig_md5([trig.trig_source_column(c, rel, 'device_id'), occurred, person]) -%}

select
    'amplitude' as source,
    {{ trig.trig_prefixed('amplitude', 'coalesce(cast(' ~ trig.trig_source_column(c, rel, '_insert_id') ~ ' as ' ~ s ~ '), ' ~ fallback_id ~ ')') }} as event_id,
    cast({{ trig.trig_source_column(c, rel, 'event_type', required=true) }} as {{ s }}) as raw_event_name,
    cast({{ occurred }} as {{ dbt.type_timestamp() }}) as occurred_at,
    {{ person }} as actor_record_id,
    cast(null as {{ s }}) as anonymous_id,
    {{ group_value }} as organisation_record_id,
    cast({{ trig.trig_source_column(c, rel, 'event_properties') }} as {{ trig.trig_type_text() }}) as properties,
    1 as num_events,
    cast(null as {{ trig.trig_type_double() }}) as delivery_order
from {{ rel }}
where not {{ trig.trig_is_true(trig.trig_source_column(c, rel, '_fivetran_deleted')) }}

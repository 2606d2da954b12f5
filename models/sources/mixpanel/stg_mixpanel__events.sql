{{ config(enabled=trig.trig_source_enabled('mixpanel')) }}
{#- Mixpanel events. `time` is in the project's time zone (var mixpanel_timezone,
    default UTC; older projects store local time): converted to UTC here.
    Duplicates share insert_id + person + name + day (the first by
    mp_processing_time_ms is kept where events are staged). The organisation comes
    from a property (var mixpanel_organisation_property), else from the person. -#}
{%- set rel = trig.trig_source_table('mixpanel', 'event') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}
{%- set occurred = trig.trig_to_utc(trig.trig_source_column(c, rel, 'time', required=true), var('mixpanel_timezone', 'UTC')) -%}
{%- set person = trig.trig_source_column(c, rel, 'distinct_id', required=true) -%}
{%- set name = trig.trig_source_column(c, rel, 'name', required=true) -%}
{%- set properties = trig.trig_source_column(c, rel, 'properties') -%}
{%- set organisation_property = var('mixpanel_organisation_property', none) -%}

select
    'mixpanel' as source,
    {{ trig.trig_prefixed('mixpanel', trig.trig_md5([trig.trig_source_column(c, rel, 'insert_id', required=true), person, name, 'cast(' ~ occurred ~ ' as date)'])) }} as event_id,
    cast({{ name }} as {{ s }}) as raw_event_name,
    {{ occurred }} as occurred_at,
    cast({{ person }} as {{ s }}) as actor_record_id,
    cast(null as {{ s }}) as anonymous_id,
    {% if organisation_property %}cast({{ trig.trig_json_extract_string(properties, trig.trig_identifier(organisation_property, "var 'mixpanel_organisation_property'")) }} as {{ s }}){% else %}cast(null as {{ s }}){% endif %} as organisation_record_id,
    cast({{ properties }} as {{ trig.trig_type_text() }}) as properties,
    1 as num_events,
    cast({{ trig.trig_source_column(c, rel, 'mp_processing_time_ms') }} as {{ trig.trig_type_double() }}) as delivery_order
from {{ rel }}

{#- The events one evaluation step reads, copied once with their organisation filled in
    (trig_events_with_organisation), so the step's batches scan a small table instead of
    joining every event to its person again. -#}
{% macro trig_create_event_slice(identifier, events_from, t) -%}
  {%- set slice = trig.trig_engine_relation(identifier) -%}
  {%- do adapter.drop_relation(slice) -%}
  {%- do trig.trig_create_table_as(slice, 'select * from ' ~ trig.trig_events_with_organisation() ~ ' as all_events where occurred_at <= ' ~ t ~ ' and occurred_at > ' ~ trig.trig_timestamp_literal(events_from)) -%}
  {{ return(slice) }}
{%- endmacro %}

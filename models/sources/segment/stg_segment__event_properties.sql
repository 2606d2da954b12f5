{{ config(enabled=trig.trig_source_enabled('segment') and (var('segment_event_tables', []) | length > 0)) }}
{#- Segment writes each track call's properties as columns of a table named after the
    event (`invoice_sent.channel`). For the tables listed in var segment_event_tables,
    the non-standard columns become the event's JSON `properties`, keyed by message id.
    These tables are found next to `tracks` (same database and schema). -#}
{%- set tracks = source('segment', 'tracks') -%}
{%- set standard = ['id', 'anonymous_id', 'user_id', 'event', 'event_text', 'timestamp', 'original_timestamp',
                    'received_at', 'sent_at', 'uuid_ts', 'loaded_at', '_fivetran_synced'] -%}
{%- set s = dbt.type_string() -%}

{%- for table in var('segment_event_tables', []) %}
{%- set name = trig.trig_identifier(table, "var 'segment_event_tables'") %}
{%- set relation = adapter.get_relation(database=tracks.database, schema=tracks.schema, identifier=name) if execute else none %}
{%- if execute and relation is none %}
  {{ exceptions.raise_compiler_error("trig: var 'segment_event_tables': Segment event table '" ~ name ~ "' was not found in schema '" ~ tracks.database ~ "." ~ tracks.schema ~ "' (where 'tracks' is)") }}
{%- endif %}
{%- set columns = [] %}
{%- for column in (trig.trig_columns_of(relation) if execute else []) if column not in standard and not column.startswith('context_') %}
  {%- do columns.append(column) %}
{%- endfor %}
{% if not loop.first %}union all{% endif %}
select
    {{ trig.trig_prefixed('segment', 'e.' ~ adapter.quote('id')) }} as event_id,
    cast(e.{{ adapter.quote('timestamp') }} as {{ dbt.type_timestamp() }}) as occurred_at,
    {% if columns %}{{ trig.trig_row_to_json('e', columns) }}{% else %}cast(null as {{ s }}){% endif %} as properties
from {{ relation if execute else tracks }} as e
{%- endfor %}

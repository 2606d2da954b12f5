{#- The runner-owned tables are sources of the models (write-backs and routes feed the
    next evaluation; the ledger feeds BI), so they must exist before the first build.
    Called from the package's on-run-start hook; the runner creates them too. -#}
{% macro create_runner_tables() -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set schema = trig.trig_runner_schema() -%}
  {%- do adapter.create_schema(api.Relation.create(database=target.database, schema=schema)) -%}
  {%- set s, ts, i, long = dbt.type_string(), dbt.type_timestamp(), dbt.type_int(), trig.trig_type_text() -%}
  {%- set tables = {
      'trig_delivery_ledger': 'action_id ' ~ s ~ ', status ' ~ s ~ ', attempts ' ~ i ~ ', channel ' ~ s ~ ', provider_message_id ' ~ s ~ ', error ' ~ long ~ ', runner_id ' ~ s ~ ', claimed_at ' ~ ts ~ ', finished_at ' ~ ts ~ ', object_name ' ~ s ~ ', transition_type ' ~ s ~ ', entity_id ' ~ s ~ ', recipient_hash ' ~ s,
      'trig_attribute_writes': 'action_id ' ~ s ~ ', entity_type ' ~ s ~ ', entity_id ' ~ s ~ ', attribute_name ' ~ s ~ ', attribute_value ' ~ long ~ ', occurred_at ' ~ ts ~ ', written_at ' ~ ts,
      'trig_routes': 'action_id ' ~ s ~ ', entity_type ' ~ s ~ ', entity_id ' ~ s ~ ', target_object ' ~ s ~ ', occurred_at ' ~ ts ~ ', written_at ' ~ ts,
      'trig_suppressions': 'email ' ~ s ~ ', reason ' ~ s ~ ', created_at ' ~ ts
  } -%}
  {%- for name, columns in tables.items() -%}
    {%- set relation = adapter.get_relation(database=target.database, schema=schema, identifier=name) -%}
    {%- if relation is none -%}
      {%- do run_query('create table ' ~ api.Relation.create(database=target.database, schema=schema, identifier=name) ~ ' (' ~ columns ~ ')') -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return('') }}
{%- endmacro %}

{% macro trig_runner_schema() -%}
  {{ return(var('trig_runner_schema', none) or target.schema) }}
{%- endmacro %}

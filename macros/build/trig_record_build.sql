{#- Called from the package's on-run-end hook: one row in `trig_build_log` (runner
    schema) per dbt invocation that built the runner's input (trig_pending_actions),
    saying whether every node succeeded, when it finished (UTC wall clock), the
    evaluation time T and the package / contract version that wrote the diff tables.
    `trig activate` refuses to act when the latest row failed, is stale, or was written
    by a package it does not understand (docs/decisions/501-build-log-and-safe-activation.md). -#}
{% macro record_build(results) -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set built = results | selectattr('node.name', 'equalto', 'trig_pending_actions') | list -%}
  {%- if not built -%}{{ return('') }}{%- endif -%}
  {%- set failed = [] -%}
  {%- for result in results -%}
    {%- if result.status in ['error', 'fail', 'runtime error'] -%}{%- do failed.append(result.node.name) -%}{%- endif -%}
  {%- endfor -%}
  {%- set schema = trig.trig_runner_schema() -%}
  {%- set relation = api.Relation.create(database=target.database, schema=schema, identifier='trig_build_log') -%}
  {%- if adapter.get_relation(database=target.database, schema=schema, identifier='trig_build_log') is none -%}
    {%- set s, ts, i = dbt.type_string(), dbt.type_timestamp(), dbt.type_int() -%}
    {%- do run_query('create table ' ~ relation ~ ' (invocation_id ' ~ s ~ ', command ' ~ s ~ ', status ' ~ s ~ ', failures ' ~ i ~ ', failed_nodes ' ~ trig.trig_type_text() ~ ', evaluated_at ' ~ ts ~ ', started_at ' ~ ts ~ ', finished_at ' ~ ts ~ ', package_version ' ~ s ~ ', contract_version ' ~ i ~ ', dbt_version ' ~ s ~ ')') -%}
  {%- endif -%}
  {%- set finished = modules.datetime.datetime.now(modules.pytz.utc).strftime('%Y-%m-%d %H:%M:%S') -%}
  {%- set values = [
      trig.trig_string_literal(invocation_id),
      trig.trig_string_literal(flags.WHICH or 'build'),
      trig.trig_string_literal('error' if failed else 'success'),
      failed | length,
      trig.trig_string_literal(failed[:10] | join(', ')),
      trig.trig_t(),
      trig.trig_timestamp_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S')),
      trig.trig_timestamp_literal(finished),
      trig.trig_string_literal(trig.trig_package_version()),
      trig.trig_contract_version(),
      trig.trig_string_literal(dbt_version)
  ] -%}
  {%- do run_query('insert into ' ~ relation ~ ' values (' ~ values | join(', ') ~ ')') -%}
  {{ return('') }}
{%- endmacro %}

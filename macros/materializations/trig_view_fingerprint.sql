{#- Every fingerprint recorded by the trig_view materialization, by relation name: read
    once per dbt invocation and kept in the graph (a view node no longer pays a round
    trip for it); every write goes through trig_record_view_fingerprint, which keeps the
    copy current. Keyed by the invocation, so a later invocation in the same process
    reads the table again. -#}
{% macro trig_view_fingerprints() -%}
  {%- set cached = trig.trig_invocation_cached('view_fingerprints') -%}
  {%- if cached is not none -%}{{ return(cached.value) }}{%- endif -%}
  {%- set recorded = {} -%}
  {%- for row in run_query('select relation_name, fingerprint from ' ~ trig.trig_view_registry()) -%}
    {%- do recorded.update({row[0]: row[1]}) -%}
  {%- endfor -%}
  {{ return(trig.trig_invocation_cache('view_fingerprints', recorded)) }}
{%- endmacro %}

{% macro trig_record_view_fingerprint(relation, fingerprint) -%}
  {%- set registry = trig.trig_view_registry() -%}
  {%- set name = trig.trig_string_literal(relation | string) -%}
  {%- do run_query('delete from ' ~ registry ~ ' where relation_name = ' ~ name) -%}
  {%- do run_query('insert into ' ~ registry ~ ' (relation_name, fingerprint) values (' ~ name ~ ', ' ~ trig.trig_string_literal(fingerprint) ~ ')') -%}
  {%- do trig.trig_view_fingerprints().update({relation | string: fingerprint}) -%}
{%- endmacro %}

{#- trig_view_fingerprints in the target schema. -#}
{% macro trig_view_registry() -%}
  {{ return(api.Relation.create(database=target.database, schema=target.schema, identifier='trig_view_fingerprints', type='table')) }}
{%- endmacro %}

{#- Creates the registry before any model runs (on-run-start): models build on several
    threads, and concurrent creation conflicts. -#}
{% macro trig_create_view_registry() -%}
  {%- if execute -%}
    {%- set registry = trig.trig_view_registry() -%}
    {%- do adapter.create_schema(registry.without_identifier()) -%}
    {%- do run_query('create table if not exists ' ~ registry ~ ' (relation_name ' ~ dbt.type_string() ~ ', fingerprint ' ~ dbt.type_string() ~ ')') -%}
  {%- endif -%}
  {{ return('') }}
{%- endmacro %}

{#- What the current model reads, as one string: for each model it depends on, that
    view's own fingerprint when it is a trig_view (its change is the change), else the
    relation's columns (a table that gained a column changes what `*` means), as its
    last build recorded them or else as the warehouse describes them. -#}
{% macro trig_upstream_columns(recorded) -%}
  {%- set parts = [] -%}
  {%- for unique_id in model.depends_on.nodes if unique_id.startswith('model.') -%}
    {%- set node = graph.nodes[unique_id] -%}
    {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- set recorded_columns = recorded.get(trig.trig_columns_key(relation)) -%}
    {%- if node.config.materialized == 'trig_view' -%}
      {%- do parts.append(unique_id ~ ':' ~ recorded.get(relation | string, '')) -%}
    {%- elif recorded_columns is not none -%}
      {#- recorded by the model's own post-hook when it was last built (trig_record_columns) -#}
      {%- do parts.append(unique_id ~ ':' ~ recorded_columns) -%}
    {%- elif adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) is not none -%}
      {%- do parts.append(unique_id ~ ':' ~ trig.trig_column_list_hash(relation)) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(parts | join(';')) }}
{%- endmacro %}

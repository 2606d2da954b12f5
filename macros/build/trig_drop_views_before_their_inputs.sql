{#- on-run-start: drops the package views flagged `meta.trig_drop_at_run_start` (views
    over several inputs dbt may replace at the same time) when this invocation builds
    the view or a relation it reads. On PostgreSQL and Redshift, dbt replaces a relation
    by dropping the old one with `cascade`; two cascades reaching the same view at once
    lock it in different orders and one build aborts with `deadlock detected`. Dropped
    first, the view is created again by its own node, after everything it reads has been
    built (docs/decisions/007-single-input-staging-views.md). A cascade would have
    dropped it anyway; warehouses whose views are not dropped by cascade keep it. -#}
{% macro trig_drop_views_before_their_inputs() -%}
  {{ return(adapter.dispatch('trig_drop_views_before_their_inputs', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_drop_views_before_their_inputs() -%}
  {{ return('') }}
{%- endmacro %}

{% macro postgres__trig_drop_views_before_their_inputs() -%}
  {%- if execute -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.package_name == 'trig' and node.config.meta.get('trig_drop_at_run_start') -%}
      {%- if trig.trig_builds_node_or_its_inputs(node) -%}
        {%- set existing = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if existing is not none -%}
          {%- do adapter.drop_relation(existing) -%}
        {%- endif -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return('') }}
{%- endmacro %}

{% macro redshift__trig_drop_views_before_their_inputs() -%}
  {{ return(trig.postgres__trig_drop_views_before_their_inputs()) }}
{%- endmacro %}

{#- Whether this invocation (run or build) builds `node`, or replaces a model upstream of
    it (a view or a table: incremental models and seeds are not dropped). -#}
{% macro trig_builds_node_or_its_inputs(node) -%}
  {%- if flags.WHICH not in ('run', 'build') -%}{{ return(false) }}{%- endif -%}
  {%- set seen = [] -%}
  {%- set stack = [node.unique_id] -%}
  {%- for _ in range(graph.nodes | length) if stack -%}
    {%- set upstream = graph.nodes[stack.pop()] -%}
    {%- set replaced = upstream.resource_type == 'model' and upstream.config.materialized in ('view', 'table') -%}
    {%- if upstream.unique_id in selected_resources and (upstream.unique_id == node.unique_id or replaced) -%}
      {{ return(true) }}
    {%- endif -%}
    {%- for parent in upstream.depends_on.nodes if parent in graph.nodes and parent not in seen -%}
      {%- do seen.append(parent) -%}
      {%- do stack.append(parent) -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(false) }}
{%- endmacro %}

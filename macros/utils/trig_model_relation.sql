{#- The warehouse relation of one of the package's models, looked up in the graph
    rather than through ref(): inside dbt unit tests ref() points at a fixture CTE,
    but the criteria compiler must still read the real relation's column types. -#}
{% macro trig_model_relation(name) -%}
  {%- if not execute -%}{{ return(none) }}{%- endif -%}
  {%- for node in (graph.get('nodes') or {}).values() if node.resource_type == 'model' and node.package_name == 'trig' and node.name == name -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
  {%- endfor -%}
  {#- dbt unit tests compile without the graph: the package's models live in the target schema -#}
  {{ return(api.Relation.create(database=target.database, schema=target.schema, identifier=name)) }}
{%- endmacro %}

{#- A connector's raw table, through dbt's source() (so lineage shows it). When the
    model runs, the table must exist: a missing table of an enabled source is a
    compile error saying which table was looked for in which schema, and which vars
    move it. -#}
{% macro trig_source_table(source_name, table) -%}
  {%- set relation = source(source_name, table) -%}
  {%- if execute -%}
    {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if found is none -%}
      {{ exceptions.raise_compiler_error(
          "trig: source '" ~ source_name ~ "' is enabled (var 'trig_sources') but its table '" ~ table
          ~ "' was not found: looked for '" ~ relation.identifier ~ "' in schema '"
          ~ ((relation.database ~ '.') if relation.database else '') ~ relation.schema
          ~ "'. Set var '" ~ source_name ~ "_schema' (and '" ~ source_name ~ "_database') to where the connector lands it, "
          ~ "or var '" ~ source_name ~ "_" ~ table ~ "_identifier' if the table has another name") }}
    {%- endif -%}
    {{ return(found) }}
  {%- endif -%}
  {{ return(relation) }}
{%- endmacro %}

{#- A relation the engine keeps next to the transition log (same database and schema),
    read without ref() because it holds the state of the previous evaluation. -#}
{% macro trig_engine_relation(identifier) -%}
  {{ return(api.Relation.create(database=this.database, schema=this.schema, identifier=identifier, type='table')) }}
{%- endmacro %}

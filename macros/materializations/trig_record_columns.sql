{#- Post-hook of every package model: when a trig_view reads this table or plain view,
    its column list is kept in trig_view_fingerprints (written only when it changed), so
    each view that reads it finds it there instead of asking the warehouse on every
    build: two fewer round trips per object view on a steady day (ADR 009). -#}
{% macro trig_record_columns() -%}
  {%- if not execute or model.config.materialized == 'trig_view' or not trig.trig_is_read_by_a_view(model.unique_id) -%}
    {{ return('') }}
  {%- endif -%}
  {%- set key = trig.trig_columns_key(this) -%}
  {%- set columns = trig.trig_column_list_hash(this) -%}
  {%- if trig.trig_view_fingerprints().get(key) != columns -%}
    {%- do trig.trig_record_view_fingerprint(key, columns) -%}
  {%- endif -%}
  {{ return('') }}
{%- endmacro %}

{#- Whether a trig_view model depends on the model `unique_id`. -#}
{% macro trig_is_read_by_a_view(unique_id) -%}
  {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.config.materialized == 'trig_view' and unique_id in node.depends_on.nodes -%}
    {{ return(true) }}
  {%- endfor -%}
  {{ return(false) }}
{%- endmacro %}

{#- The registry key of a relation's recorded column list. -#}
{% macro trig_columns_key(relation) -%}
  {{ return('columns:' ~ relation) }}
{%- endmacro %}

{#- A relation's column names, hashed: the registry's text column may be short (Redshift's
    varchar is 256 characters). -#}
{% macro trig_column_list_hash(relation) -%}
  {{ return(local_md5(adapter.get_columns_in_relation(relation) | map(attribute='name') | join(','))) }}
{%- endmacro %}

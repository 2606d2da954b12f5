{#- One JSON object (as text) holding the given columns of a relation alias. -#}
{% macro trig_row_to_json(alias, columns) -%}
  {{ return(adapter.dispatch('trig_row_to_json', 'trig')(alias, columns)) }}
{%- endmacro %}

{#- Portable fallback (Redshift has no row-to-JSON function): build the text by hand,
    escaping quotes and backslashes in every value. -#}
{% macro default__trig_row_to_json(alias, columns) -%}
  {%- set parts = ["'{'"] -%}
  {%- for c in columns -%}
    {%- set value = "replace(replace(cast(" ~ alias ~ "." ~ c ~ " as " ~ dbt.type_string() ~ "), '\\\\', '\\\\\\\\'), '\"', '\\\\\"')" -%}
    {%- do parts.append("'" ~ ("," if not loop.first else "") ~ '"' ~ c ~ '":' ~ "'") -%}
    {%- do parts.append("coalesce('\"' || " ~ value ~ " || '\"', 'null')") -%}
  {%- endfor -%}
  {%- do parts.append("'}'") -%}
  {{ parts | join(' || ') }}
{%- endmacro %}

{% macro duckdb__trig_row_to_json(alias, columns) -%}
  cast(to_json(struct_pack({% for c in columns %}{{ c }} := {{ alias }}.{{ c }}{% if not loop.last %}, {% endif %}{% endfor %})) as varchar)
{%- endmacro %}

{#- json_build_object takes at most 100 arguments: build chunks of 50 keys and merge. -#}
{% macro postgres__trig_row_to_json(alias, columns) -%}
  cast(({% for chunk in columns | batch(50) %}jsonb_build_object({% for c in chunk %}'{{ c }}', {{ alias }}.{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}){% if not loop.last %} || {% endif %}{% endfor %}) as text)
{%- endmacro %}

{#- Redshift has no jsonb_build_object, and dbt-redshift dispatches to postgres__ before
    default__: build the text by hand. -#}
{% macro redshift__trig_row_to_json(alias, columns) -%}
  {{ trig.default__trig_row_to_json(alias, columns) }}
{%- endmacro %}

{% macro snowflake__trig_row_to_json(alias, columns) -%}
  to_json(object_construct_keep_null({% for c in columns %}'{{ c }}', {{ alias }}.{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}

{% macro bigquery__trig_row_to_json(alias, columns) -%}
  to_json_string(struct({% for c in columns %}{{ alias }}.{{ c }} as {{ c }}{% if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}

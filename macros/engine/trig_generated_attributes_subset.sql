{#- The generated lifecycle attributes of `entity`'s objects that `columns` (column names
    of a wide attribute view, the seeds' aliases included) names, for the entities
    `entities` selects (a condition on trig_lifecycle_attributes' rows) only: readers
    that need a few attributes of a few entities (the pending actions) use it instead of
    the wide views, which pivot every entity first. The pivot and the columns are the
    wide views' own (trig_generated_attributes_sql, trig_generated_columns), for the
    objects named. Returns {'sql': the pivot, one row per `key_column` (none when no
    column is generated), 'columns': select-list items read through `alias`, each
    preceded by a comma}. -#}
{% macro trig_generated_attributes_subset(entity, key_column, columns, entities, alias) -%}
  {%- set prefixes = [] -%}
  {%- for field, spec in trig.trig_generated_fields().items() -%}
    {%- for name in [field] + spec[1] -%}{%- do prefixes.append(name ~ '_') -%}{%- endfor -%}
  {%- endfor -%}
  {%- set named = [] -%}
  {%- for o in trig.trig_objects() if o.entity == entity and o.kind != 'cohort' -%}
    {%- for prefix in prefixes if (prefix ~ o.name) in columns and o not in named -%}{%- do named.append(o) -%}{%- endfor -%}
  {%- endfor -%}
  {%- if not named -%}{{ return({'sql': none, 'columns': ''}) }}{%- endif -%}
  {{ return({'sql': trig.trig_generated_attributes_sql(entity, key_column, named, entities),
             'columns': trig.trig_generated_columns(entity, alias, true, named)}) }}
{%- endmacro %}

{#- The generated lifecycle attributes among `columns` (column names of a wide attribute
    view, the seeds' aliases included) that belong to `entity`'s objects, pivoted from
    the long trig_lifecycle_attributes for the entities `entities` selects (a condition
    on its rows) only. Readers that need a few attributes of a few entities (the
    pending actions) use it instead of the wide views, which pivot every entity first.
    Returns {'sql': the pivot, one row per `key_column` (none when no column is
    generated), 'columns': select-list items read through `alias`, the same values as the
    wide views' (trig_generated_columns: no row means not a member)}. -#}
{% macro trig_generated_attributes_subset(entity, key_column, columns, entities, alias) -%}
  {%- set attributes = [
      ('currently_member_of_', 'currently_member'), ('last_entry_to_', 'last_entry_at'),
      ('last_exit_from_', 'last_exit_at'), ('last_completion_of_', 'last_completion_at'),
      ('last_entered_', 'last_entry_at'), ('last_exited_', 'last_exit_at'),
      ('last_completed_', 'last_completion_at')] -%}
  {%- set objects = trig.trig_objects() | selectattr('entity', 'equalto', entity) | rejectattr('kind', 'equalto', 'cohort') | list -%}
  {%- set pivot = [] -%}
  {%- set read = [] -%}
  {%- set names = [] -%}
  {%- for o in objects -%}
    {%- for prefix, attribute in attributes if (prefix ~ o.name) in columns -%}
      {%- set name = prefix ~ o.name -%}
      {%- if attribute == 'currently_member' -%}
        {%- do pivot.append("max(case when object_name = '" ~ o.name ~ "' and currently_member then 1 else 0 end) = 1 as " ~ name) -%}
        {%- do read.append('coalesce(' ~ alias ~ '.' ~ name ~ ', false) as ' ~ name) -%}
      {%- else -%}
        {%- do pivot.append("max(case when object_name = '" ~ o.name ~ "' then " ~ attribute ~ " end) as " ~ name) -%}
        {%- do read.append(alias ~ '.' ~ name) -%}
      {%- endif -%}
      {%- do names.append(o.name) if o.name not in names -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- if not pivot -%}{{ return({'sql': none, 'columns': []}) }}{%- endif -%}
  {%- set sql -%}
    select entity_id as {{ key_column }},
        {{ pivot | join(',\n        ') }}
    from {{ ref('trig_lifecycle_attributes') }}
    where entity_type = '{{ entity }}'
        and object_name in ('{{ names | join("', '") }}')
        and {{ entities }}
    group by entity_id
  {%- endset -%}
  {{ return({'sql': sql, 'columns': read}) }}
{%- endmacro %}

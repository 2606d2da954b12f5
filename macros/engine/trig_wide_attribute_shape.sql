{#- Which generated columns a wide attribute view carries: every object's four
    attributes, plus the seeds' three aliases, plus (on person rows) the organisation's
    objects, as many as the warehouse's column limit allows (aliases go first, then the
    organisation's columns on person rows, which trig_organisation_attributes still
    has). A project that cannot fit even the four attributes per object gets an error
    that says so. -#}
{% macro trig_wide_attribute_shape(base_relation, entity) -%}
  {%- set objects = trig.trig_objects() | rejectattr('kind', 'equalto', 'cohort') | list -%}
  {%- set own = objects | selectattr('entity', 'equalto', entity) | list | length -%}
  {%- set inherited = objects | selectattr('entity', 'equalto', 'organisation') | list | length if entity == 'person' else 0 -%}
  {%- set base = adapter.get_columns_in_relation(base_relation) | length -%}
  {%- set limit = trig.trig_max_columns() -%}
  {%- set shapes = [
      {'aliases': true, 'organisation': true, 'columns': base + 7 * (own + inherited)},
      {'aliases': false, 'organisation': true, 'columns': base + 4 * (own + inherited)},
      {'aliases': false, 'organisation': false, 'columns': base + 4 * own}] -%}
  {%- for shape in shapes if limit is none or shape.columns <= limit -%}
    {%- if not loop.first -%}
      {%- do log("trig: " ~ this.identifier ~ " leaves out " ~ ("the organisation's generated attributes and " if not shape.organisation else "") ~ "the last_entered_/last_exited_/last_completed_ aliases to fit the warehouse's " ~ limit ~ "-column limit", info=true) -%}
    {%- endif -%}
    {{ return(shape) }}
  {%- endfor -%}
  {{ trig.trig_config_error(this.identifier, 'objects', 'needs ' ~ shapes[-1].columns ~ ' columns, more than the warehouse allows (' ~ limit ~ '); query trig_lifecycle_attributes (long) instead') }}
{%- endmacro %}

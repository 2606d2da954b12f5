{#- The customer's input models must have the columns the engine reads. Checked where the
    engine first reads their columns (trig_columns_of), so a missing `occurred_at` is one
    clear message naming the model, the var and the nearest column instead of a
    warehouse binder error. -#}
{% macro trig_check_input_columns(relation, columns) -%}
  {%- set required = {
      var('trig_organisations_model', 'organisations') | lower: ('trig_organisations_model', ['organisation_id']),
      var('trig_people_model', 'people') | lower: ('trig_people_model', ['person_id', 'organisation_id', 'email']),
      var('trig_events_model', 'events') | lower: ('trig_events_model', ['event_id', 'event_name', 'occurred_at'])
  } -%}
  {%- set entry = required.get((relation.identifier or '') | lower) -%}
  {%- if entry is none or not columns -%}{{ return(none) }}{%- endif -%}
  {%- set var_name, needed = entry -%}
  {%- for column in needed if column not in columns -%}
    {%- set nearest = trig.trig_nearest_name(column, columns) -%}
    {{ exceptions.raise_dependency_error(
        "trig: input model '" ~ relation.identifier ~ "' (var " ~ var_name ~ ") has no column '" ~ column ~ "'"
        ~ (" (did you mean '" ~ nearest ~ "'? rename it in the model)" if nearest else "")
        ~ "; it needs " ~ needed | join(', ')
        ~ (" (UTC timestamp) and person_id and/or organisation_id" if var_name == 'trig_events_model' else "")
        ~ ". Columns found: " ~ columns | join(', ')) }}
  {%- endfor -%}
{%- endmacro %}

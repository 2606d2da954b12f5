{#- Whether an event (`alias`) is one an event condition counts: its name and its
    property filter (trig_entry_explanations). -#}
{% macro trig_explanation_event_match(leaf, alias) -%}
  ({{ alias }}.event_name = {{ trig.trig_string_literal(leaf.event) }}
  {%- if leaf.where %} and {{ trig.trig_property_filter_sql(alias ~ '.properties', leaf.where) }}{%- endif -%})
{%- endmacro %}

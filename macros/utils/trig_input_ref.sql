{#- One of the customer's input models (the vars trig_organisations_model,
    trig_people_model, trig_events_model), referred to with its project: a one-argument
    ref from inside this package to a root-project model makes dbt warn on every parse
    (require_ref_prefers_node_package_to_root). The inputs live in the root project
    unless the var `trig_inputs_package` names another package. -#}
{% macro trig_input_ref(model_var) -%}
  {{ return(ref(var('trig_inputs_package', project_name), var(model_var))) }}
{%- endmacro %}

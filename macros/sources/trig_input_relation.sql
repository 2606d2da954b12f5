{#- The relation the package's staging reads for one input (organisations, people or
    events): the user's own model named by var `trig_<input>_model` when no connector
    is on (as before; read as of T from its snapshot when var `trig_<input>_snapshot`
    is set), otherwise the canonical model unioned from the enabled
    connectors (which also unions the user's model when `trig_include_input_models`
    is true). -#}
{% macro trig_input_relation(input) -%}
  {%- set inputs = ['organisations', 'people', 'events'] -%}
  {%- if input not in inputs -%}
    {{ exceptions.raise_compiler_error("trig: unknown input '" ~ input ~ "' (one of " ~ inputs | join(', ') ~ ")") }}
  {%- endif -%}
  {%- if trig.trig_source_enabled() -%}
    {{ return(ref('int_trig__source_' ~ input)) }}
  {%- endif -%}
  {{ return(trig.trig_user_input(input)) }}
{%- endmacro %}

{#- Whether the user's own input models are unioned with the connectors' rows:
    var `trig_include_input_models` (default: only when no connector is on). -#}
{% macro trig_include_input_models() -%}
  {%- set value = var('trig_include_input_models', none) -%}
  {%- if value is none -%}{{ return(not trig.trig_source_enabled()) }}{%- endif -%}
  {{ return(value in [true, 'true', 'True', 1]) }}
{%- endmacro %}

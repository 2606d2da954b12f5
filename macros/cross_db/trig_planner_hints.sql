{#- Session settings for the engine's large generated queries (one CTE per object
    and condition). DuckDB's projection-pullup optimizer pass grows badly with the
    number of CTEs (about a second per evaluation at 40 objects) while saving nothing
    on these plans, so it is switched off for them and restored afterwards; so is
    projection_placement (about a fifth of the optimiser's time on an evaluation batch,
    and the batches ran 10-15 % faster without it). -#}
{#- `also`: more DuckDB optimizer passes to switch off for one model (the entry
    explanations switch off `common_subplan`, which would materialise a scan of every event
    shared by the recent and the history reads before their filters). -#}
{% macro trig_planner_hints(also=[]) -%}
  {{ return(adapter.dispatch('trig_planner_hints', 'trig')(also)) }}
{%- endmacro %}

{% macro default__trig_planner_hints(also=[]) -%}{%- endmacro %}

{% macro duckdb__trig_planner_hints(also=[]) -%}
  set disabled_optimizers = '{{ (['projection_pullup', 'projection_placement'] + also) | join(",") }}'
{%- endmacro %}

{% macro trig_reset_planner_hints() -%}
  {{ return(adapter.dispatch('trig_reset_planner_hints', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_reset_planner_hints() -%}{%- endmacro %}

{% macro duckdb__trig_reset_planner_hints() -%}
  reset disabled_optimizers
{%- endmacro %}

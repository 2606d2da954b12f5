{{ config(materialized='incremental') }}
{#- One row per evaluation time T, written after the transition log and the pending
    actions: its last row is the evaluation the runner may act on. -#}
{%- set repeat = trig.trig_evaluation_is_repeat() -%}

select
    {{ trig.trig_t() }} as evaluated_at,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as run_started_at,
    cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id,
    (select count(*) from {{ ref('trig_transitions') }} where evaluated_at = {{ trig.trig_t() }}) as transitions,
    (select count(*) from {{ ref('trig_pending_actions') }} where evaluated_at = {{ trig.trig_t() }}) as actions
{%- if repeat %}
where 1 = 0
{%- endif %}

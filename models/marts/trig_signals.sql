{{ config(materialized='trig_view') }}
/* depends_on: {{ ref('trig_transitions') }} */
{#- Signals: every Signal episode ever raised, with when it was raised and resolved,
    its kind and polarity, and the organisation's ARR (the `arr` attribute when the
    input has one). Totals: sum(arr) where is_active and polarity = 'risk' is ARR at
    risk; polarity = 'opportunity' is ARR ripe for expansion. The kind is read from
    the cause of the raise, so rows of Signals since removed from the YAML keep it.
    A view of the engine's state table, which holds every Signal episode of the log and
    is updated in place by each evaluation: rebuilding a table from the whole log cost
    every build time that grew with history (docs/decisions/018-signals-read-the-state.md). -#}
{%- set org_columns = trig.trig_columns_of(ref('int_trig__organisation_attributes')) -%}

select
    s.object_name as signal_name,
    case s.signal_raise_cause when 'fast_completion' then 'fast' when 'usage_threshold' then 'usage' else 'slow' end as signal_kind,
    case when s.signal_raise_cause in ('fast_completion', 'usage_threshold') then 'opportunity' else 'risk' end as polarity,
    s.parent_object_name as stage_name,
    s.entity_type,
    s.entity_id,
    s.organisation_id,
    s.episode_number,
    s.signal_raised_at as raised_at,
    s.signal_resolved_at as resolved_at,
    s.signal_resolution_cause as resolution_cause,
    s.signal_resolved_at is null and s.signal_raised_at is not null as is_active,
    {% if 'arr' in org_columns %}o.arr{% else %}cast(null as {{ trig.trig_type_double() }}){% endif %} as arr
from {{ trig.trig_engine_relation('trig_episode_state') }} as s
left join {{ ref('int_trig__organisation_attributes') }} as o on o.organisation_id = s.organisation_id
where s.object_kind = 'signal'

{#- Signals: every Signal episode ever raised, with when it was raised and resolved,
    its kind and polarity, and the organisation's ARR (the `arr` attribute when the
    input has one). Totals: sum(arr) where is_active and polarity = 'risk' is ARR at
    risk; polarity = 'opportunity' is ARR ripe for expansion. The kind is read from
    the cause of the raise, so rows of Signals since removed from the YAML keep it. -#}
{%- set org_columns = trig.trig_columns_of(ref('trig_organisation_attributes')) -%}

with signals as (
    select * from {{ ref('trig_transitions') }} where object_kind = 'signal'
),

episodes as (
    select
        object_name as signal_name,
        max(parent_object_name) as stage_name,
        entity_type,
        entity_id,
        max(organisation_id) as organisation_id,
        episode_number,
        max(case when transition_type = 'signal_raised' then cause end) as raise_cause,
        max(case when transition_type = 'signal_raised' then occurred_at end) as raised_at,
        max(case when transition_type = 'signal_resolved' then occurred_at end) as resolved_at,
        max(case when transition_type = 'signal_resolved' then cause end) as resolution_cause
    from signals
    group by object_name, entity_type, entity_id, episode_number
)

select
    signal_name,
    case raise_cause when 'fast_completion' then 'fast' when 'usage_threshold' then 'usage' else 'slow' end as signal_kind,
    case when raise_cause in ('fast_completion', 'usage_threshold') then 'opportunity' else 'risk' end as polarity,
    stage_name,
    entity_type,
    entity_id,
    episodes.organisation_id,
    episode_number,
    raised_at,
    resolved_at,
    resolution_cause,
    resolved_at is null and raised_at is not null as is_active,
    {% if 'arr' in org_columns %}o.arr{% else %}cast(null as {{ trig.trig_type_double() }}){% endif %} as arr
from episodes
left join {{ ref('trig_organisation_attributes') }} as o on o.organisation_id = episodes.organisation_id

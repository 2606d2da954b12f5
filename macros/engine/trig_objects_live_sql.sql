{#- When each object's entry events start counting: its `live_from` or first evaluation,
    moved to the evaluation that resumed it after its last pause (resuming is going
    live again). -#}
{% macro trig_objects_live_sql() -%}
    select o.object_name,
        case when r.resumed_at > coalesce(o.live_from, o.first_evaluated_at) then r.resumed_at
            else coalesce(o.live_from, o.first_evaluated_at) end as live_at
    from {{ ref('int_trig__objects') }} as o
    left join (
        select object_name, max(changed_at) as resumed_at
        from {{ ref('int_trig__object_status') }}
        where previous_status = 'paused' and status <> 'paused'
        group by object_name
    ) as r on r.object_name = o.object_name
{%- endmacro %}

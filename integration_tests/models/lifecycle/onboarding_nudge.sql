{{ trig.lifecycle_object() }}

package placement

import "github.com/ecsstate/ecsstate/model"

// DaemonInstance is the daemon scheduler's view of one container instance:
// whether it should run the daemon service's task, and whether it can take
// one now.
type DaemonInstance struct {
	ContainerInstanceARN string
	// Eligible: the instance is ACTIVE, has every attribute the task
	// definition requires and satisfies every memberOf constraint (the
	// service's and the task definition's), so it should run one task of
	// the daemon service. The agent's connection does not matter here: a
	// disconnected instance keeps the task it runs.
	Eligible bool
	// Fits: Eligible, the agent is connected, and the CPU, memory and
	// host ports left take one more task of the task definition.
	Fits bool
	// Reason says why an ACTIVE instance is not Eligible, or why an
	// Eligible one does not Fit, naming the instance itself; nil when it
	// Fits or is not ACTIVE.
	Reason *Reason
}

// Daemon evaluates req for every container instance, in container
// instance ARN order, the way the daemon scheduler does: one task per
// instance, so req.Count and req.Strategy are ignored and distinctInstance
// is implied (the caller knows which instances already run a task).
// The daemon scheduler places tasks on every instance that meets the
// task's requirements, and re-evaluates constraints as instances change:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
func (c *Cluster) Daemon(req Request) ([]DaemonInstance, error) {
	req.Count, req.Strategy = 0, nil
	r, err := compileRequest(req)
	if err != nil {
		return nil, err
	}
	r.cons.distinct = false
	p := &placer{compiledRequest: r, c: c,
		needPorts: len(r.need.TCPPorts)+len(r.need.UDPPorts) > 0,
		slot:      slots{pages: make([][]int32, (len(c.inst)+slotPage-1)/slotPage)},
	}
	p.view.group = r.group
	out := make([]DaemonInstance, 0, len(c.inst))
	for i := range c.inst {
		in := &c.inst[i]
		if in.ci == nil {
			continue
		}
		d := DaemonInstance{ContainerInstanceARN: in.ci.ContainerInstanceARN}
		if in.ci.Status == model.ContainerInstanceStatusActive {
			code := p.daemonCheck(int32(i))
			d.Eligible = code != ReasonAttribute && code != ReasonMemberOf
			d.Fits = code == ""
			if code != "" {
				d.Reason = &Reason{Code: code, ContainerInstanceARN: d.ContainerInstanceARN}
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// daemonCheck returns the first check instance i fails for a daemon task,
// eligibility (attributes, memberOf) before capacity (agent, CPU, memory,
// ports); "" when it passes them all.
func (p *placer) daemonCheck(i int32) ReasonCode {
	in := &p.c.inst[i]
	for _, a := range p.attrs {
		v, ok := in.ci.Attribute(a.Name)
		if !ok || a.Value != "" && v != a.Value {
			return ReasonAttribute
		}
	}
	p.view.in, p.view.placed = in, 0
	for _, m := range p.cons.memberOf {
		if !m.match(&p.view) {
			return ReasonMemberOf
		}
	}
	switch {
	case !in.connected:
		return ReasonAgent
	case in.cpu < p.need.CPU:
		return ReasonCPU
	case in.mem < p.need.Memory:
		return ReasonMemory
	}
	if p.needPorts {
		tp := p.portsOf(i)
		if intersects(tp.tcp, p.need.TCPPorts) || intersects(tp.udp, p.need.UDPPorts) ||
			len(tp.tcp)+len(tp.udp)+len(p.need.TCPPorts)+len(p.need.UDPPorts) > model.MaxReservedPorts {
			return ReasonPorts
		}
	}
	return ""
}

// Daemon is [Cluster.Daemon] without a kept index.
func Daemon(instances []model.ContainerInstance, tasks []model.Task, req Request) ([]DaemonInstance, error) {
	c, err := NewCluster(instances, tasks)
	if err != nil {
		return nil, err
	}
	return c.Daemon(req)
}
